export * from './common.js';
export * from './orders.js';
export * from './receipts.js';
export * from './reviews.js';
export * from './rule-sets.js';
