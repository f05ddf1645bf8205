import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { display } from "./display.js";
import { tslabDisplay, type TslabDisplay } from "./tslab-display.js";

/** The version strings tslab reports: the tslab whose converter depthlab uses, its TypeScript, and Node. */
export interface TslabVersions {
  tslab: string;
  typescript: string;
  node: string;
}

const show = (bundle: Record<string, unknown>, o: { displayId?: string; update?: boolean }) => display(bundle, { raw: true, ...o });

/**
 * What `import * as tslab from "tslab"` gives inside a depthlab cell: tslab 1.0.22's public API
 * (`display`, `newDisplay`, `versions`), writing to depthlab's display, so notebooks written for tslab run
 * unchanged. The kernel answers `require("tslab")` with this object; its types are tslab's own.
 *
 * @example
 * import * as tslab from "tslab";
 * tslab.display.html("<b>hi</b>");
 * const d = tslab.newDisplay(); d.text("step 1"); d.text("step 2"); // one output, updated in place
 */
export const tslabApi: { display: TslabDisplay; newDisplay: () => TslabDisplay; readonly versions: TslabVersions } = {
  display: tslabDisplay(show),
  newDisplay: () => tslabDisplay(show, randomBytes(8).toString("hex")),
  get versions(): TslabVersions {
    const req = createRequire(__filename);
    const ts = req("@tslab/typescript-for-tslab") as { version: string };
    return { tslab: (req("tslab/package.json") as { version: string }).version, typescript: ts.version, node: process.version };
  },
};
