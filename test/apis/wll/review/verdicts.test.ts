import { describe, expect, it } from 'vitest';
import { STATUS_OF_VERDICT, VERDICT_OF_STATUS } from '../../../../src/apis/wll/review/verdicts.js';

describe('verdicts and statuses', () => {
  it.each([
    ['PENDING', 'ABSTAIN'],
    ['REJECTED', 'REJECT'],
    ['AUTHORIZED', 'AUTHORIZE'],
  ] as const)('%s ⇄ %s', (status, verdict) => {
    expect(VERDICT_OF_STATUS[status]).toBe(verdict);
    expect(STATUS_OF_VERDICT[verdict]).toBe(status);
  });
});
