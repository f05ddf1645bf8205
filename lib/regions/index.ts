export { countPieces } from "./count-pieces.js";
export type { CountPiecesOptions, PieceCount, Piece } from "./count-pieces.js";
export { countRegions } from "./count-regions.js";
export type { CountRegionsOptions, RegionCount, RegionPolygon } from "./count-regions.js";
export * as bounds from "./bounds.js";
