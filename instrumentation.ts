// Next.js calls register() once per server process, before serving requests: check the
// database configuration, migrate and seed. A bad DATABASE_URL stops start-up with one message.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { bootOrExit } = await import('./server/boot');
  await bootOrExit();
}
