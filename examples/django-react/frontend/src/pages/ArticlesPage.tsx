import { useEffect, useState } from 'react';
import { api } from '../api/client';

interface Article {
  slug: string;
  title: string;
  body: string;
  published: boolean;
}

interface Paginated<T> {
  results: T[];
  next: string | null;
}

export function ArticlesPage() {
  const [articles, setArticles] = useState<Article[]>([]);
  const [drafts, setDrafts] = useState<Article[]>([]);

  useEffect(() => {
    api.get<Article[]>('/articles/').then(setArticles);
    api.get<Article[]>('/articles/drafts/').then(setDrafts);
    api.get<{ id: number; name: string }[]>('/tags/');
  }, []);

  async function create(title: string, body: string) {
    return api.post<Article>('/articles/', { title, body });
  }

  async function open(slug: string) {
    return api.get<Article>(`/articles/${slug}/`);
  }

  async function retitle(slug: string, title: string) {
    return api.patch<Article>(`/articles/${slug}/`, { title });
  }

  async function publish(slug: string) {
    return api.post(`/articles/${slug}/publish/`);
  }

  async function loadComments(slug: string) {
    // no trailing slash: Django's APPEND_SLASH redirects this GET to .../comments/
    return api.get(`/articles/${slug}/comments`);
  }

  // Deliberate mistake: POST without the trailing slash; APPEND_SLASH cannot redirect a POST.
  async function addComment(slug: string, body: string) {
    return api.post(`/articles/${slug}/comments`, { body });
  }

  async function feed(page: number) {
    return api.get<Paginated<Article>>(`/feed/${page}/`);
  }

  // Deliberate mistake: there is no authors endpoint.
  async function authors() {
    return api.get('/authors/');
  }

  // Deliberate mistake: tags are read-only (ReadOnlyModelViewSet).
  async function removeTag(id: number) {
    return api.delete(`/tags/${id}/`);
  }

  async function next(page: Paginated<Article>) {
    // Deliberate: the next-page URL comes from the server (unresolved call).
    return page.next ? api.get<Paginated<Article>>(page.next) : null;
  }

  return (
    <div>
      <button onClick={() => create('t', 'b')}>New</button>
      {articles.map((a) => (
        <article key={a.slug} onClick={() => open(a.slug)}>
          <h2>{a.title}</h2>
          <button onClick={() => retitle(a.slug, a.title + '!')}>Rename</button>
          <button onClick={() => publish(a.slug)}>Publish</button>
          <button onClick={() => loadComments(a.slug)}>Comments</button>
          <button onClick={() => addComment(a.slug, 'Nice')}>Comment</button>
        </article>
      ))}
      <p>{drafts.length} drafts</p>
      <button onClick={() => feed(1)}>Feed</button>
      <button onClick={authors}>Authors</button>
      <button onClick={() => removeTag(1)}>Remove tag</button>
      <button onClick={() => next({ results: articles, next: null })}>More</button>
    </div>
  );
}
