/**
 * Great-circle distance on a sphere of the Earth's mean radius (IUGG R1 = 6,371.0088 km), by
 * the haversine formula, which stays accurate for small distances where the spherical law of
 * cosines loses digits. The sphere is within about 0.5% of the WGS84 ellipsoid's geodesic, far
 * closer than "which declared location is nearest" needs.
 */

export const EARTH_MEAN_RADIUS_KM = 6371.0088;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Kilometres between two points given in WGS84 degrees. */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  // min: rounding can push h a hair above 1 for antipodal points.
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
