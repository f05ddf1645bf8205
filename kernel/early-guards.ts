// Imported first by the kernel's entry point: libraries such as tfjs keep a reference to
// setImmediate/setTimeout when they load (tf.nextFrame does), so the interrupt guards must be in
// place before any of them is required.
import { installTimerGuards } from "./interrupt-guard.js";

installTimerGuards();
