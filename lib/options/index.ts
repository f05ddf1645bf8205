export { ArgumentError, fail, checkInteger, checkNumber, checkOneOf, checkSeed, show } from "./check.js";
