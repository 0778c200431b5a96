import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { API_URL, type InProcessNotesApi } from '../../../testing/in-process-api.js';
import { renderWithApi } from '../../../testing/render.js';
import { NewNote } from './new-note.js';

async function notesOf(api: InProcessNotesApi, token: string) {
  const answer = await api.fetch(`${API_URL}/notes`, { headers: { Authorization: token } });
  return ((await answer.json()) as { notes: { title: string; content: string }[] }).notes;
}

describe('NewNote', () => {
  it('makes one note of a double click, and opens it', async () => {
    const user = userEvent.setup();
    const { api, currentPath } = renderWithApi(<NewNote />, { path: '/new' });

    await user.type(screen.getByLabelText('Title'), 'Groceries');
    await user.type(screen.getByLabelText('Note'), 'Milk');
    await user.dblClick(screen.getByRole('button', { name: 'Save note' }));

    await vi.waitFor(() => expect(currentPath()).toMatch(/^\/notes\/.+/));
    expect(await notesOf(api, 'alice')).toEqual([expect.objectContaining({ title: 'Groceries', content: 'Milk' })]);
    const keys = new Set(api.requestsTo('POST', '/notes').map((request) => request.headers.get('Idempotency-Key')));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a retry after a lost answer with the same Idempotency-Key, so one note is made', async () => {
    const user = userEvent.setup();
    const { api } = renderWithApi(<NewNote />, { path: '/new' });
    await user.type(screen.getByLabelText('Title'), 'Once');
    api.answerNext({ status: 503, body: { error: 'Service unavailable' }, headers: { 'Retry-After': '0' } });

    await user.click(screen.getByRole('button', { name: 'Save note' }));

    await vi.waitFor(async () => expect(await notesOf(api, 'alice')).toHaveLength(1));
    const posts = api.requestsTo('POST', '/notes');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers.get('Idempotency-Key')).toBe(posts[1]?.headers.get('Idempotency-Key'));
  });

  it('keeps the draft in the tab, so it is back after the page is left and opened again', async () => {
    const user = userEvent.setup();
    const first = renderWithApi(<NewNote />, { path: '/new' });
    await user.type(screen.getByLabelText('Title'), 'Half a thought');
    first.unmount();

    renderWithApi(<NewNote />, { path: '/new' });

    expect(screen.getByLabelText('Title')).toHaveValue('Half a thought');
    expect(screen.getByRole('status')).toHaveTextContent('Your unsaved draft is back.');
  });

  it('explains a refusal and keeps what was written', async () => {
    const user = userEvent.setup();
    const { api } = renderWithApi(<NewNote />, { path: '/new' });
    await user.type(screen.getByLabelText('Title'), 'Too much');
    api.answerNext({ status: 413, body: { error: 'Payload too large' } });

    await user.click(screen.getByRole('button', { name: 'Save note' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The note is too long to save.');
    expect(screen.getByLabelText('Title')).toHaveValue('Too much');
  });
});
