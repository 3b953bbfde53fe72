import { io } from 'socket.io-client'

// the server listens at path '/ws/' (namespaces do not change the path)
export const chat = io(import.meta.env.VITE_API_URL, { path: '/ws/' })

export const notifications = io('/notifications')
