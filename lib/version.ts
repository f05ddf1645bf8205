import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The root of the depthlab package (two levels above the compiled `dist/lib/`). */
export const PACKAGE_ROOT: string = join(__dirname, "..", "..");

/** depthlab's version, read from its package.json. */
export const version: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
