const BASE = import.meta.env.VITE_API_URL ?? 'http://localhost:3000'

export interface Todo {
  id: number
  title: string
  done: boolean
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  return response.json() as Promise<T>
}

export const listTodos = () => fetch(`${BASE}/api/todos`).then(json<Todo[]>)

export const addTodo = (title: string) =>
  fetch(`${BASE}/api/todos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  }).then(json<Todo>)

export const toggleTodo = (todo: Todo) =>
  fetch(`${BASE}/api/todos/${todo.id}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ done: !todo.done }),
  }).then(json<Todo>)

export const deleteTodo = (id: number) =>
  fetch(`${BASE}/api/todos/${id}/`, { method: 'DELETE' })

export const searchTodos = (q: string) =>
  fetch(`${BASE}/api/todos/search?q=${encodeURIComponent(q)}`).then(json<Todo[]>)

export const login = (email: string, password: string) =>
  fetch(`${BASE}/api/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).then(json<{ token: string }>)

export const me = () => fetch(`${BASE}/api/users/me`).then(json<{ email: string }>)

export const avatarUrl = (userId: number) => fetch(`${BASE}/api/users/avatar/${userId}`)

export const health = () => fetch(`${BASE}/api/health`).then(json<{ status: string }>)
