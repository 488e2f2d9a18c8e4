/**
 * Group commit for one kind of statement: requests made while a statement of this kind is running
 * wait and go together into the next one. With one request at a time it is one statement per
 * request, as before; under load (the mail worker runs MAIL_CONCURRENCY jobs at once) the requests
 * made during one round trip share the next (ADR 1613).
 *
 * `run` receives the waiting inputs (at most `max`) and answers one result per input, in order. If
 * it throws, every request of that batch gets the error.
 */
export class StatementBatcher<I, R> {
  private waiting: { input: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<R[]>,
    private readonly max = 200,
  ) {}

  submit(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      // The first request waits for the current turn of the event loop to end, so the requests
      // made in the same turn share its statement.
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.max);
      try {
        const results = await this.run(batch.map((b) => b.input));
        batch.forEach((b, k) => b.resolve(results[k]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.running = false;
  }
}
