import type { FeedbackResponse } from './contracts.js';
import { element } from './dom.js';
import { feedbackTime, originalUrl, sourceLabel } from './feedback-item.js';

/**
 * "Latest negative feedback": the newest items of one sentiment band as a table of time (UTC),
 * source (a badge with a readable label), text, author and a link to the original post. All of
 * it is untrusted text from outside, so it goes in as text nodes (dom.ts) and a link only for
 * http(s) URLs. Test hooks: the section is `data-testid="<id>"`; `<id>-table` carries
 * `data-items` (rows shown) and `data-renders`; each row's badge has `data-source`, its link
 * is `<id>-link`; `<id>-caption` says when there is nothing to show.
 */
export interface FeedbackPanelOptions {
  /** Element id and test id prefix, e.g. `negative-feedback`. */
  id: string;
  heading: string;
}

export interface FeedbackPanel {
  render(data: FeedbackResponse): void;
}

export function feedbackPanel(host: HTMLElement, options: FeedbackPanelOptions): FeedbackPanel {
  const { id, heading } = options;
  const caption = element('p', { class: 'caption', 'data-testid': `${id}-caption` }, ['Waiting for data…']);
  const body = element('tbody');
  const table = element('table', { 'data-testid': `${id}-table`, 'data-items': '0', 'data-renders': '0' }, [
    element('caption', { class: 'visually-hidden' }, [heading]),
    element('thead', {}, [
      element('tr', {}, [
        element('th', { scope: 'col' }, ['Time (UTC)']),
        element('th', { scope: 'col' }, ['Source']),
        element('th', { scope: 'col' }, ['Feedback']),
        element('th', { scope: 'col' }, ['Author']),
        element('th', { scope: 'col' }, ['Link']),
      ]),
    ]),
    body,
  ]);
  host.append(
    element('section', { class: 'panel panel--wide', 'data-testid': id, 'aria-labelledby': `${id}-heading` }, [
      element('header', { class: 'panel-head' }, [element('h2', { id: `${id}-heading` }, [heading])]),
      caption,
      table,
    ]),
  );

  let renders = 0;
  return {
    render(data) {
      body.replaceChildren(
        ...data.items.map((item) => {
          const url = originalUrl(item.url);
          return element('tr', {}, [
            element('td', { class: 'nowrap' }, [feedbackTime(item.ts)]),
            element('td', {}, [
              element('span', { class: 'badge badge--source', 'data-source': item.source }, [sourceLabel(item.source)]),
            ]),
            element('td', { class: 'key' }, [item.text]),
            element('td', { class: 'key' }, [item.author ?? '']),
            element('td', {}, [
              url === undefined
                ? ''
                : element(
                    'a',
                    { href: url, target: '_blank', rel: 'noopener noreferrer', 'data-testid': `${id}-link` },
                    ['original'],
                  ),
            ]),
          ]);
        }),
      );
      caption.textContent = data.items.length === 0 ? `No ${data.band} feedback yet.` : 'Newest first.';
      table.dataset.items = String(data.items.length);
      table.dataset.renders = String(++renders);
    },
  };
}
