import { createRouter, createWebHistory } from 'vue-router';
import AdminView from './views/AdminView.vue';
import AuthorView from './views/AuthorView.vue';
import BooksView from './views/BooksView.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: BooksView },
    { path: '/authors/:id', component: AuthorView, props: true },
    { path: '/admin', component: AdminView },
  ],
});
