export const createTodo = {
  body: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
}

export const updateTodo = {
  body: { type: 'object', properties: { title: { type: 'string' }, done: { type: 'boolean' } } },
}
