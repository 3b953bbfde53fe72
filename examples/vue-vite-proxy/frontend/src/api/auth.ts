import { http } from './http'

export async function login(email: string, password: string) {
  const { data } = await http.post<{ token: string }>('/auth/login', { email, password })
  localStorage.setItem('token', data.token)
  return data
}

export const me = () => http.get<{ name: string }>('/auth/me').then((r) => r.data)

export const resetPassword = (email: string) => http.post('/auth/password-reset', { email })
