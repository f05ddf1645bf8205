import type * as Arquero from "arquero";

let loaded: typeof Arquero | null = null;
const arquero = (): typeof Arquero => (loaded ??= require("arquero") as typeof Arquero);

/**
 * arquero, the table library depthlab displays and returns results in. It is loaded on first use (it
 * takes about 120 ms to load, a twentieth of the kernel's start-up, and most cells never need it); every
 * property read, `in` test and key listing goes to the real module.
 *
 * @example
 * const { aq } = dl;
 * aq.table({ depth: [1, 2, 3], pieces: [2, 4, 8] })
 */
export const aq: typeof Arquero = new Proxy({} as typeof Arquero, {
  get: (_target, key) => Reflect.get(arquero(), key),
  has: (_target, key) => Reflect.has(arquero(), key),
  ownKeys: () => Reflect.ownKeys(arquero()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(arquero(), key);
    // A proxy may not report a property as non-configurable when its target lacks it.
    return descriptor && { ...descriptor, configurable: true };
  },
});
