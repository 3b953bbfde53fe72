import axios from 'axios';

export const http = axios.create({
  baseURL: '/api',
  timeout: 10_000,
});

http.interceptors.response.use(
  (response) => response,
  (error) => {
    console.error('API error', error?.response?.status, error?.config?.url);
    return Promise.reject(error);
  },
);
