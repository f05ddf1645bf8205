/**
 * Convex polygons of the oriented projective plane, the regions of the exact 2-D counter.
 *
 * A polygon is a flat Float64Array of [x, y, w] triples in counter-clockwise order. w = 1 marks a finite vertex;
 * w = 0 an ideal one, "the point at infinity in direction (x, y)" (a unit vector). This lets one representation
 * hold both bounded boxes and unbounded regions of the whole plane (the plane itself is four ideal points):
 * an edge between a finite and an ideal vertex is a ray, an edge between two ideal vertices lies at infinity.
 * Invariant: two consecutive ideal vertices are less than π apart, so every edge is well defined.
 *
 * A line is ℓ(x, y) = px·x + py·y + q; in homogeneous coordinates ℓ = px·x + py·y + q·w, which is linear,
 * so cutting an edge is one weighted average of its end points whatever their kind (Sutherland–Hodgman).
 */
export type Polygon = Float64Array;

/** Which side of ℓ a polygon is on when it is not cut: 1, -1, or 0 when every vertex is on ℓ. */
export type Side = 1 | -1 | 0;

export type SplitResult = { pos: Polygon; neg: Polygon } | { side: Side };

/** The whole plane: four ideal vertices. */
export const PLANE: Polygon = Float64Array.of(1, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0);

/** The box [x0, x1] × [y0, y1]. */
export function boxPolygon(x0: number, x1: number, y0: number, y1: number): Polygon {
  return Float64Array.of(x0, y0, 1, x1, y0, 1, x1, y1, 1, x0, y1, 1);
}

/**
 * Cuts a convex polygon by the line px·x + py·y + q = 0. A vertex counts as on the line when |ℓ| is within
 * `tol` times the size of the terms that make it up. The polygon is cut only when it has vertices strictly on
 * both sides, and then both parts have a non-empty interior; otherwise the side it lies on is returned.
 */
export function splitPolygon(poly: Polygon, px: number, py: number, q: number, tol: number): SplitResult {
  const n = poly.length / 3;
  const vals = new Float64Array(n);
  const cls = new Int8Array(n);
  const pn = Math.hypot(px, py);
  let hasPos = false;
  let hasNeg = false;
  for (let i = 0; i < n; i++) {
    const x = poly[3 * i] as number;
    const y = poly[3 * i + 1] as number;
    const finite = poly[3 * i + 2] === 1;
    const v = px * x + py * y + (finite ? q : 0);
    const scale = finite ? pn * Math.hypot(x, y) + Math.abs(q) : pn;
    vals[i] = v;
    const c = Math.abs(v) <= tol * scale ? 0 : v > 0 ? 1 : -1;
    cls[i] = c;
    if (c > 0) hasPos = true;
    else if (c < 0) hasNeg = true;
  }
  if (!hasPos || !hasNeg) return { side: hasPos ? 1 : hasNeg ? -1 : 0 };
  const pos: number[] = [];
  const neg: number[] = [];
  const posOn: boolean[] = [];
  const negOn: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const ci = cls[i] as number;
    if (ci >= 0) push(pos, posOn, poly, i, ci === 0);
    if (ci <= 0) push(neg, negOn, poly, i, ci === 0);
    if (ci * (cls[j] as number) < 0) {
      const r = cut(poly, i, j, vals[i] as number, vals[j] as number);
      pos.push(...r);
      posOn.push(true);
      neg.push(...r);
      negOn.push(true);
    }
  }
  return { pos: closeCut(pos, posOn, px, py, q), neg: closeCut(neg, negOn, px, py, q) };
}

function push(out: number[], on: boolean[], poly: Polygon, i: number, isOn: boolean): void {
  out.push(poly[3 * i] as number, poly[3 * i + 1] as number, poly[3 * i + 2] as number);
  on.push(isOn);
}

/** The point where ℓ crosses the edge i → j (values vi and vj of opposite signs). */
function cut(poly: Polygon, i: number, j: number, vi: number, vj: number): [number, number, number] {
  const a = vj / (vj - vi);
  const b = -vi / (vj - vi);
  const x = a * (poly[3 * i] as number) + b * (poly[3 * j] as number);
  const y = a * (poly[3 * i + 1] as number) + b * (poly[3 * j + 1] as number);
  const w = a * (poly[3 * i + 2] as number) + b * (poly[3 * j + 2] as number);
  if (w > 0) return [x / w, y / w, 1];
  const len = Math.hypot(x, y);
  return [x / len, y / len, 0];
}

/**
 * After a cut, the new edge runs along ℓ between two vertices on ℓ. When both are ideal, the polygon would
 * read it as an edge at infinity, so a finite point of ℓ (its closest point to the origin) is put between them.
 */
function closeCut(out: number[], on: boolean[], px: number, py: number, q: number): Polygon {
  const n = on.length;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (on[i] && on[j] && out[3 * i + 2] === 0 && out[3 * j + 2] === 0) {
      const s = -q / (px * px + py * py);
      out.splice(3 * j === 0 ? out.length : 3 * j, 0, s * px, s * py, 1);
      break;
    }
  }
  return Float64Array.from(out);
}

/** Clips a polygon to a box; the result is finite (or empty, length 0). */
export function clipToBox(poly: Polygon, [x0, x1]: readonly [number, number], [y0, y1]: readonly [number, number], tol: number): Polygon {
  let p = poly;
  for (const [px, py, q] of [
    [1, 0, -x0],
    [-1, 0, x1],
    [0, 1, -y0],
    [0, -1, y1],
  ] as const) {
    const r = splitPolygon(p, px, py, q, tol);
    if ("pos" in r) p = r.pos;
    else if (r.side < 0) return new Float64Array(0);
  }
  return p;
}

/** Area of a finite polygon (shoelace). */
export function polygonArea(poly: Polygon): number {
  const n = poly.length / 3;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += (poly[3 * i] as number) * (poly[3 * j + 1] as number) - (poly[3 * j] as number) * (poly[3 * i + 1] as number);
  }
  return s / 2;
}
