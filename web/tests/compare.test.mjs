// The period comparison's arithmetic, checked against values worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bounds, compare, days, monthEnd, months, poissonZ } from '../static/js/compare.js';

const near = (x, y) => assert.ok(Math.abs(x - y) < 1e-3, `${x} is not ${y}`);

test('the conditional Poisson z, worked by hand', () => {
  // 10 then 30 over equal periods: n = 40, p = 1/2, z = (30 − 20) / √10 = 3.1623.
  near(poissonZ(10, 30, 181, 181), 3.1623);
  // 20 in 30 days then 20 in 60: p = 2/3, z = (20 − 26.667) / √8.889 = −2.2361.
  near(poissonZ(20, 20, 30, 60), -2.2361);
  assert.equal(poissonZ(0, 0, 30, 30), 0);
});

test('exact counts: classes from the test; protected counts: only non-overlapping ranges', () => {
  const shown = (c) => String(c?.count_label ?? c?.count ?? 0);
  assert.equal(compare({ count: 10 }, { count: 30 }, 181, 181, true, 5, shown).cls, 2);
  assert.equal(compare({ count: 10 }, { count: 14 }, 181, 181, true, 5, shown).cls, 1); // z = 0.82
  assert.equal(compare({ count: 30 }, { count: 10 }, 181, 181, true, 5, shown).cls, -2);
  assert.equal(compare(undefined, undefined, 181, 181, true, 5, shown).cls, 0);
  const range = (lo, hi) => ({ count: null, count_low: lo, count_high: hi, protection: 'range' });
  assert.equal(compare(range(10, 19), range(20, 34), 181, 181, false, 5, shown).cls, 1);
  assert.equal(compare(range(10, 24), range(20, 34), 181, 181, false, 5, shown).cls, 0);
  assert.equal(compare({ count: null, protection: 'small', suppressed: true }, range(5, 9), 181, 181, false, 5, shown).cls, 1);
  assert.match(compare(range(10, 19), range(20, 34), 181, 181, false, 5, shown).text, /not tested on protected counts/);
  assert.deepEqual(bounds({ count: null, suppressed: true, protection: 'small' }, 5), [1, 4]);
});

test('periods and months', () => {
  assert.equal(days('2025-01-01', '2025-12-31'), 365);
  assert.deepEqual(months('2025-11-01', '2026-02-28'), ['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
  assert.equal(monthEnd('2024-02-01'), '2024-02-29');
});
