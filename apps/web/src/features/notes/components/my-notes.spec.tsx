import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { InProcessNotesApi } from '../../../testing/in-process-api.js';
import { renderWithApi, seedNote } from '../../../testing/render.js';
import { MyNotes } from './my-notes.js';

describe('MyNotes', () => {
  it('says there are no notes yet, after saying it is loading', async () => {
    renderWithApi(<MyNotes />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading your notes…');
    expect(await screen.findByText(/No notes yet/)).toBeVisible();
  });

  it('lists the notes newest first and loads the next page over nextToken', async () => {
    const api = new InProcessNotesApi();
    for (let index = 1; index <= 23; index += 1) await seedNote(api, 'alice', `Note ${index}`);
    await seedNote(api, 'bob', 'Not yours');
    renderWithApi(<MyNotes />, { api });

    const list = await screen.findByRole('list', { name: 'Your notes, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(20);
    expect(within(list).getAllByRole('link')[0]).toHaveTextContent('Note 23');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await within(list).findByText('Note 1')).toBeVisible();
    expect(within(list).getAllByRole('listitem')).toHaveLength(23);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.queryByText('Not yours')).toBeNull();
    expect(api.requestsTo('GET', '/notes')).toHaveLength(2);
  });

  it('waits as long as a 429 asks and then shows the notes', async () => {
    const api = new InProcessNotesApi();
    await seedNote(api, 'alice', 'Patience');
    api.answerNext({ status: 429, body: { message: 'Too Many Requests' }, headers: { 'Retry-After': '1' } });
    renderWithApi(<MyNotes />, { api });

    expect(await screen.findByText(/Try again in 1 second\. Retrying automatically/)).toBeVisible();
    expect(await screen.findByRole('link', { name: 'Patience' }, { timeout: 3000 })).toBeVisible();
  });

  it('explains an error in words and offers to try again', async () => {
    const api = new InProcessNotesApi();
    api.answerNext({ status: 500, body: { error: 'Internal server error' } });
    renderWithApi(<MyNotes />, { api });

    expect(await screen.findByRole('alert')).toHaveTextContent(/failed to answer this request/);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No notes yet/)).toBeVisible();
  });
});
