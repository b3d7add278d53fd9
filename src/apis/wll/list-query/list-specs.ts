import type { FieldMap } from './field-map.js';
import type { ListSpec } from './list-params.js';

export const RECEIPT_STATUSES = ['PENDING', 'AUTHORIZED', 'REJECTED'] as const;
export const ORDER_TYPES = ['ORDER', 'RECEIPT'] as const;
// The docs' order schemas allow this one status only.
export const ORDER_STATUSES = ['AUTHORIZED'] as const;

/**
 * `GET /receipts?filter=`: every scalar field of a listed receipt plus the four the contract adds,
 * as columns of `wll_receipts`. `ocr_confidence` must be a REAL column (the API writes it as a
 * string): compared with a number, a TEXT column would compare as text ("10" < "9").
 */
export const RECEIPT_FILTER_FIELDS = {
  id: { column: 'id', type: 'string' },
  status: { column: 'status', type: 'enum', values: RECEIPT_STATUSES },
  createdAt: { column: 'created_at', type: 'datetime' },
  updatedAt: { column: 'updated_at', type: 'datetime' },
  notionallyServedAt: { column: 'notionally_served_at', type: 'datetime' },
  serviceDate: { column: 'service_date', type: 'date' },
  serviceTime: { column: 'service_time', type: 'time' },
  total: { column: 'total', type: 'number' },
  subtotal: { column: 'subtotal', type: 'number' },
  correctedTotal: { column: 'corrected_total', type: 'number' },
  barcode: { column: 'barcode', type: 'string' },
  ocrConfidence: { column: 'ocr_confidence', type: 'number' },
  transactionId: { column: 'transaction_id', type: 'string' },
  merchantName: { column: 'merchant_name', type: 'string' },
  locationIdentifier: { column: 'location_identifier', type: 'string' },
  'submitter.authIdentifier': { column: 'submitter_auth_identifier', type: 'string' },
} as const satisfies FieldMap;

/** `GET /orders?filter=`: the scalar fields of an order (docs' Orders section), as columns of `wll_orders`. */
export const ORDER_FILTER_FIELDS = {
  id: { column: 'id', type: 'string' },
  type: { column: 'type', type: 'enum', values: ORDER_TYPES },
  status: { column: 'status', type: 'enum', values: ORDER_STATUSES },
  createdAt: { column: 'created_at', type: 'datetime' },
  updatedAt: { column: 'updated_at', type: 'datetime' },
  serviceDate: { column: 'service_date', type: 'date' },
  serviceTime: { column: 'service_time', type: 'time' },
  total: { column: 'total', type: 'number' },
  subtotal: { column: 'subtotal', type: 'number' },
  totalTax: { column: 'total_tax', type: 'number' },
  transactionId: { column: 'transaction_id', type: 'string' },
  locationIdentifier: { column: 'location_identifier', type: 'string' },
  locationAddress: { column: 'location_address', type: 'string' },
  'submitter.authIdentifier': { column: 'submitter_auth_identifier', type: 'string' },
} as const satisfies FieldMap;

export const RECEIPT_LIST_SPEC: ListSpec = {
  fields: RECEIPT_FILTER_FIELDS,
  // The docs' sort choices for List Receipts.
  sorts: {
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    notionallyServedAt: 'notionally_served_at',
    total: 'total',
    subtotal: 'subtotal',
  },
  defaultSort: 'createdAt',
  tieBreaker: 'id',
};

export const ORDER_LIST_SPEC: ListSpec = {
  fields: ORDER_FILTER_FIELDS,
  // The docs show no sort choices for List Orders; these are the contract's.
  sorts: { createdAt: 'created_at', updatedAt: 'updated_at', total: 'total', subtotal: 'subtotal' },
  defaultSort: 'createdAt',
  tieBreaker: 'id',
};
