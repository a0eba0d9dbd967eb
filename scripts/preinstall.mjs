// Runs before `npm install` installs anything: if this machine lacks the Cairo/Pango build packages that canvas
// (the chart library) compiles against, say so in one line with the command that installs them. It only warns:
// elsewhere canvas may find a prebuilt binary.
import { execFileSync } from "node:child_process";

if (process.platform === "linux") {
  let found = false;
  try {
    execFileSync("pkg-config", ["--exists", "cairo", "pangocairo", "libjpeg"], { stdio: "ignore" });
    found = true;
  } catch {
    found = false;
  }
  if (!found) {
    process.stderr.write(
      "riskon: the Cairo/Pango build packages for canvas seem to be missing; on Debian/Ubuntu: " +
        "sudo apt-get install -y libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config\n",
    );
  }
}
