import { describe, expect, it } from 'vitest';
import { ListQueryError } from '../../../../src/apis/wll/list-query/errors.js';
import { parseListQuery, type ListQuery } from '../../../../src/apis/wll/list-query/list-params.js';
import { ORDER_LIST_SPEC, RECEIPT_LIST_SPEC } from '../../../../src/apis/wll/list-query/list-specs.js';
import { thrown } from './helpers.js';

const DEFAULTS: ListQuery = { where: '1', params: [], orderBy: 'created_at DESC, id DESC', limit: 10, offset: 0 };

describe('parseListQuery reads', () => {
  it.each<[string, Record<string, unknown>, Partial<ListQuery>]>([
    ['nothing as the defaults: newest first, ten rows', {}, {}],
    ['empty values as absent', { limit: '', skip: '', sort: '', order: '', filter: '' }, {}],
    ['limit and skip as text', { limit: '100', skip: '10000000' }, { limit: 100, offset: 10_000_000 }],
    ['limit and skip as numbers', { limit: 1, skip: 0 }, { limit: 1, offset: 0 }],
    ['a sort, still newest first', { sort: 'total' }, { orderBy: 'total DESC, id DESC' }],
    ['ASC as the docs write it', { sort: 'notionallyServedAt', order: 'ASC' }, { orderBy: 'notionally_served_at ASC, id ASC' }],
    ['order in lower case', { order: 'asc' }, { orderBy: 'created_at ASC, id ASC' }],
    ['the docs example filter', { filter: 'total:(gt:100)' }, { where: 'total > ?', params: [100] }],
    ['parameters it does not know, ignored', { page: '2', constructor: 'x' }, {}],
  ])('%s', (_name, query, expected) => {
    expect(parseListQuery(query, RECEIPT_LIST_SPEC)).toEqual({ ...DEFAULTS, ...expected });
  });

  it('orders by the order sorts only', () => {
    expect(parseListQuery({ sort: 'subtotal', order: 'DESC', filter: 'type:(eq:ORDER)' }, ORDER_LIST_SPEC)).toEqual({
      ...DEFAULTS,
      where: 'type = ?',
      params: ['ORDER'],
      orderBy: 'subtotal DESC, id DESC',
    });
    expect(() => parseListQuery({ sort: 'notionallyServedAt' }, ORDER_LIST_SPEC)).toThrow(
      'sort: unknown sort "notionallyServedAt" (choices: createdAt, updatedAt, total, subtotal)',
    );
  });
});

describe('parseListQuery refuses', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ limit: '0' }, "limit: must be a whole number from 1 to 100, got '0'"],
    [{ limit: '101' }, "limit: must be a whole number from 1 to 100, got '101'"],
    [{ limit: '10.5' }, "limit: must be a whole number from 1 to 100, got '10.5'"],
    [{ limit: ' 10' }, "limit: must be a whole number from 1 to 100, got ' 10'"],
    [{ limit: '-1' }, "limit: must be a whole number from 1 to 100, got '-1'"],
    [{ limit: 'ten' }, "limit: must be a whole number from 1 to 100, got 'ten'"],
    [{ limit: 2.5 }, 'limit: must be a whole number from 1 to 100, got 2.5'],
    [{ limit: '99999999999999999999' }, "limit: must be a whole number from 1 to 100, got '99999999999999999999'"],
    [{ limit: ['10', '20'] }, 'limit: is given 2 times; give it once'],
    [{ limit: { a: 1 } }, 'limit: must be a single value, got a group in parentheses'],
    [{ skip: '-1' }, "skip: must be a whole number from 0 to 10000000, got '-1'"],
    [{ skip: '10000001' }, "skip: must be a whole number from 0 to 10000000, got '10000001'"],
    [{ sort: 'merchantName' }, 'sort: unknown sort "merchantName" (choices: createdAt, updatedAt, notionallyServedAt, total, subtotal)'],
    [{ sort: 'toString' }, 'sort: unknown sort "toString" (choices: createdAt, updatedAt, notionallyServedAt, total, subtotal)'],
    [{ sort: ['total', 'subtotal'] }, 'sort: is given 2 times; give it once'],
    [{ order: 'up' }, "order: must be ASC or DESC, got 'up'"],
    [{ order: 1 }, 'order: must be ASC or DESC, got 1'],
    [{ filter: ['total:(gt:1)', 'total:(lt:5)'] }, 'filter: is given 2 times; give it once'],
    [{ filter: 'totl:(gt:1)' }, 'filter: unknown field "totl" (filterable: id, status, createdAt, updatedAt, notionallyServedAt, serviceDate, serviceTime, total, subtotal, correctedTotal, barcode, ocrConfidence, transactionId, merchantName, locationIdentifier, submitter.authIdentifier)'],
    [{ filter: 'status:(eq:DONE)' }, "filter: status.eq needs one of PENDING, AUTHORIZED, REJECTED, got 'DONE'"],
  ])('%j', (query, message) => {
    const error = thrown(() => parseListQuery(query, RECEIPT_LIST_SPEC));
    expect(error).toBeInstanceOf(ListQueryError);
    expect(error).toMatchObject({ message, param: message.slice(0, message.indexOf(':')) });
  });
});
