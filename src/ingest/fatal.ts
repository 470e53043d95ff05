/**
 * A PostgreSQL connection dropped while a pooled client is between queries surfaces as an 'error'
 * event nobody listens to (the store's pool hands clients to Kysely without a listener), which Node
 * turns into an uncaught exception with a stack trace. For the CLI that is a lost connection: one
 * clear line and exit 2. Nothing is half-written: the server rolls back the open transaction.
 */
const CONNECTION_LOST = /terminating connection|Connection terminated|connection .*(closed|reset|lost)|ECONNRESET|server closed the connection/i;

export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return ['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || CONNECTION_LOST.test(e?.message ?? '');
}

/** Installs the handler; returns a function that removes it. */
export function exitOnConnectionLoss(command: string, remedy: string): () => void {
  const handler = (err: unknown) => {
    if (!isConnectionLoss(err)) {
      process.off('uncaughtException', handler);
      throw err;
    }
    const msg = ((err as Error).message ?? String(err)).split('\n')[0];
    console.error(`${command}: lost the database connection (${msg}). ${remedy}`);
    process.exit(2);
  };
  process.on('uncaughtException', handler);
  return () => process.off('uncaughtException', handler);
}
