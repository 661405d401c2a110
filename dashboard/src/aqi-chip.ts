import type { AqiCategory } from './air-contracts.js';
import { element } from './dom.js';

/**
 * An AQI figure on its category's colour (EPA's, from the API), with black or white text,
 * whichever contrasts more (WCAG relative luminance). Painted through the CSSOM, which the
 * page's Content-Security-Policy allows (it forbids style attributes in markup, not this).
 */
export function aqiChip(aqi: number | null, category: AqiCategory | null): HTMLElement {
  const chip = element('span', { class: 'aqi-chip', 'data-testid': 'air-aqi' }, [
    aqi === null || category === null ? '–' : `${aqi} ${category.name}`,
  ]);
  if (category !== null) {
    chip.dataset.category = category.key;
    chip.dataset.colour = category.colour;
    chip.style.backgroundColor = category.colour;
    chip.style.color = luminance(category.colour) > 0.179 ? '#000' : '#fff';
  }
  return chip;
}

/** WCAG 2 relative luminance of `#RRGGBB`; 0.179 is where black and white text contrast equally. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
