// Rendering ParcelWorld places the way carriers print them, shared by simulators whose carriers show a city beside the outlet.

/** The city of a world place, as carriers print it: its first two characters + 市 (深圳宝安营业点 → 深圳市). */
export function worldCity(place: string): string {
  return `${place.slice(0, 2)}市`;
}
