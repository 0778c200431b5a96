import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { Layout } from './layout.js';

function renderLayout() {
  const location = memoryLocation({ path: '/' });
  render(
    <Router hook={location.hook}>
      <Layout email="ada@example.com" isAdmin={false} onSignOut={() => {}}>
        <h1>Page</h1>
      </Layout>
    </Router>,
  );
  return location;
}

describe('Layout', () => {
  it('leaves focus alone on the first page and moves it to the main content on the next', () => {
    const location = renderLayout();
    expect(screen.getByRole('main')).not.toHaveFocus();

    act(() => location.navigate('/new'));

    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('marks the current page in the navigation', () => {
    renderLayout();

    expect(screen.getByRole('link', { name: 'Notes' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'New note' })).not.toHaveAttribute('aria-current');
  });
});
