import { StatementBatcher } from './statement-batcher.js';

/** A statement that answers when told to, recording the batches it was given. */
function fakeStatement() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: number[]) => {
    batches.push(inputs);
    return new Promise<string[]>((resolve, reject) =>
      pending.push(() =>
        inputs.includes(-1) ? reject(new Error('statement failed')) : resolve(inputs.map(String)),
      ),
    );
  };
  const answer = async () => {
    while (!pending.length) await new Promise((r) => setImmediate(r));
    pending.shift()!();
  };
  return { batches, run, answer };
}

describe('StatementBatcher', () => {
  it('sends the requests of one event-loop turn in one statement, each getting its own answer', async () => {
    const s = fakeStatement();
    const b = new StatementBatcher(s.run);
    const answers = Promise.all([b.submit(1), b.submit(2), b.submit(3)]);
    await s.answer();
    expect(await answers).toEqual(['1', '2', '3']);
    expect(s.batches).toEqual([[1, 2, 3]]);
  });

  it('groups the requests made while a statement runs into the next one', async () => {
    const s = fakeStatement();
    const b = new StatementBatcher(s.run);
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [b.submit(2), b.submit(3), b.submit(4)];
    expect(s.batches).toEqual([[1]]);
    await s.answer();
    expect(await first).toBe('1');
    await s.answer();
    expect(await Promise.all(later)).toEqual(['2', '3', '4']);
    expect(s.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a statement at `max` requests', async () => {
    const s = fakeStatement();
    const b = new StatementBatcher(s.run, 2);
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => b.submit(n)));
    for (let k = 0; k < 3; k++) await s.answer();
    expect(await all).toEqual(['1', '2', '3', '4', '5']);
    expect(s.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails every request of a failed statement, and only those', async () => {
    const s = fakeStatement();
    const b = new StatementBatcher(s.run);
    const failed = [b.submit(1), b.submit(-1)].map((p) => p.catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    const next = b.submit(2);
    await s.answer();
    await s.answer();
    expect(await Promise.all(failed)).toEqual(['statement failed', 'statement failed']);
    expect(await next).toBe('2');
    // Idle again: a new request starts a new statement.
    const again = b.submit(3);
    await s.answer();
    expect(await again).toBe('3');
    expect(s.batches).toEqual([[1, -1], [2], [3]]);
  });
});
