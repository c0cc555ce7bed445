// The model card's samples, credited: each run of the model's text found in a donated work is marked (site/scripts/credit.ts).
import { loadCredits, showCredited } from './credit.ts';

const section = document.querySelector<HTMLElement>('[data-credits]');
if (section) void credit(section);

async function credit(section: HTMLElement): Promise<void> {
  const credits = await loadCredits(section.dataset.credits!, section.dataset.base!);
  for (const sample of section.querySelectorAll<HTMLElement>('[data-credit-from]')) {
    const text = sample.querySelector<HTMLElement>('.work-text');
    if (text) showCredited(text, text.textContent ?? '', credits, Number(sample.dataset.creditFrom));
  }
  section.dataset.credited = 'true';
}
