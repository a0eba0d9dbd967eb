// The entry points' first check: riskon needs Node 22.12+ (node:sqlite, --env-file-if-exists). npm start and npm
// test run the Node 22 that `npm install` brings (the `node` package), whatever the machine has; run by hand on
// an older Node, the bot says so in one line instead of a stack trace.
export function requireSupportedNode(version = process.versions.node): string | null {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) return null;
  return (
    `riskon needs Node 22.12 or newer, and this is Node ${version}: start it with npm start (or npm run cli), ` +
    "which use the Node 22 that npm install brought, or install Node 22 or 24."
  );
}
