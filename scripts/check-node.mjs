// Runs before `npm test`: npm scripts use the Node that `npm install` brought (the `node` package). If it is not
// there (the install could not fetch it), say in one line what to do instead of letting the tests crash.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `riskon needs Node 22.12 or newer for its tests, and npm scripts found Node ${process.versions.node}: ` +
      "run npm install again (it brings Node 22), or install Node 22 or 24.\n",
  );
  process.exit(1);
}
