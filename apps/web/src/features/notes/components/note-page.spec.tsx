import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { API_URL, InProcessNotesApi } from '../../../testing/in-process-api.js';
import { renderWithApi, seedNote } from '../../../testing/render.js';
import { NotePage } from './note-page.js';

async function stored(api: InProcessNotesApi, noteId: string) {
  const answer = await api.fetch(`${API_URL}/notes/${noteId}`, { headers: { Authorization: 'alice' } });
  return { status: answer.status, note: answer.status === 200 ? await answer.json() : undefined };
}

async function changeElsewhere(api: InProcessNotesApi, noteId: string, content: string) {
  await api.fetch(`${API_URL}/notes/${noteId}`, {
    method: 'PATCH',
    headers: { Authorization: 'alice' },
    body: JSON.stringify({ content }),
  });
}

async function openNote(content = 'First words') {
  const api = new InProcessNotesApi();
  const { noteId } = await seedNote(api, 'alice', 'Plans', content);
  const view = renderWithApi(<NotePage noteId={noteId} />, { api, path: `/notes/${noteId}` });
  await screen.findByRole('textbox', { name: 'Note' });
  return { noteId, ...view };
}

describe('NotePage', () => {
  it('saves an edit with If-Match naming the version that was opened', async () => {
    const user = userEvent.setup();
    const { api, noteId } = await openNote();

    await user.clear(screen.getByLabelText('Note'));
    await user.type(screen.getByLabelText('Note'), 'Second words');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Saved.')).toBeVisible();
    expect(api.requestsTo('PATCH', `/notes/${noteId}`)[0]?.headers.get('If-Match')).toBe('"1"');
    expect((await stored(api, noteId)).note).toMatchObject({ content: 'Second words', version: 2 });
  });

  it('shows the newer version after a 412, and "Keep mine" saves mine over it', async () => {
    const user = userEvent.setup();
    const { api, noteId } = await openNote();
    await changeElsewhere(api, noteId, 'Their words');

    await user.clear(screen.getByLabelText('Note'));
    await user.type(screen.getByLabelText('Note'), 'My words');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const conflict = await screen.findByRole('region', { name: 'This note was changed somewhere else' });
    expect(within(conflict).getByText('Their words')).toBeVisible();
    expect(within(conflict).getByRole('heading')).toHaveFocus();
    await user.click(within(conflict).getByRole('button', { name: 'Keep mine' }));

    expect(await screen.findByText('Saved.')).toBeVisible();
    expect((await stored(api, noteId)).note).toMatchObject({ content: 'My words', version: 3 });
  });

  it('"Take theirs" puts the newer version in the form and saves nothing', async () => {
    const user = userEvent.setup();
    const { api, noteId } = await openNote();
    await changeElsewhere(api, noteId, 'Their words');
    await user.type(screen.getByLabelText('Note'), ' and mine');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await user.click(await screen.findByRole('button', { name: 'Take theirs' }));

    expect(screen.getByLabelText('Note')).toHaveValue('Their words');
    expect(screen.queryByRole('region', { name: /changed somewhere else/ })).toBeNull();
    expect((await stored(api, noteId)).note).toMatchObject({ content: 'Their words', version: 2 });
  });

  it('deletes only after the confirmation, and goes back to the list', async () => {
    const user = userEvent.setup();
    const { api, noteId, currentPath } = await openNote();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((await stored(api, noteId)).status).toBe(200);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete note' }));

    await vi.waitFor(() => expect(currentPath()).toBe('/'));
    expect((await stored(api, noteId)).status).toBe(404);
  });

  it('deletes nothing when the note changed elsewhere after it was opened, and says so', async () => {
    const user = userEvent.setup();
    const { api, noteId } = await openNote();
    await changeElsewhere(api, noteId, 'Newer words');

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete note' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('so it was not deleted');
    expect((await stored(api, noteId)).status).toBe(200);
  });

  it('says a note that is not there does not exist', async () => {
    renderWithApi(<NotePage noteId="01JDQ4ZK8G6Y4M3XWQY9T2V7AB" />);

    expect(await screen.findByRole('alert')).toHaveTextContent('This note does not exist, or it was deleted.');
  });

  it('keeps an unsaved edit in the tab and brings it back', async () => {
    const user = userEvent.setup();
    const first = await openNote();
    await user.type(screen.getByLabelText('Note'), ' plus more');
    first.unmount();

    renderWithApi(<NotePage noteId={first.noteId} />, { api: first.api });

    expect(await screen.findByRole('textbox', { name: 'Note' })).toHaveValue('First words plus more');
    expect(screen.getByText('Your unsaved changes are back.')).toBeVisible();
  });
});
