"""TanStack Query (React/Vue Query): a queryFn / mutationFn is a callback; the requests it
makes (a client call, a wrapper's call site, an API function) are calls where they are
written, each counted once. useQuery and friends are no requests of their own."""

from __future__ import annotations

from tests.conftest import build_index

CLIENT = """
    import axios from 'axios';
    export const axiosInstance = axios.create({ baseURL: '/api', withCredentials: true });
"""

SERVICES = """
    import { axiosInstance } from '@/libs/axios';

    export const fetchUser = async () => {
      const response = await axiosInstance.get<UserDto>('/user/me');
      return response.data;
    };

    export const updateResume = async (data: UpdateResumeDto) => {
      const response = await axiosInstance.patch(`/resume/${data.id}`, data);
      return response.data;
    };

    export const request = <T>(path: string, init?: RequestInit) =>
      axiosInstance.request<T>({ url: path, ...init }).then((r) => r.data);
"""

HOOKS = """
    import { useInfiniteQuery, useMutation, useQuery, useQueryClient, queryOptions } from '@tanstack/react-query';
    import { axiosInstance } from '@/libs/axios';
    import { fetchUser, request, updateResume } from '@/services/user';

    export const useUser = () => useQuery({ queryKey: ['user'], queryFn: fetchUser });

    export const useResumes = () =>
      useQuery({ queryKey: ['resumes'], queryFn: () => axiosInstance.get('/resume').then((r) => r.data) });

    export const useUpdateResume = () => {
      const queryClient = useQueryClient();
      return useMutation({
        mutationFn: updateResume,
        onSuccess: (data) => queryClient.setQueryData(['resume', { id: data.id }], data),
      });
    };

    export const useDeleteResume = () =>
      useMutation({ mutationFn: (id: string) => axiosInstance.delete(`/resume/${id}`) });

    export const statsOptions = (id: string) =>
      queryOptions({ queryKey: ['stats', id], queryFn: () => request(`/resume/${id}/statistics`) });

    export const useFeed = () =>
      useInfiniteQuery({
        queryKey: ['feed'],
        queryFn: ({ pageParam }) => axiosInstance.get('/feed', { params: { cursor: pageParam } }),
        initialPageParam: 0,
        getNextPageParam: (last) => last.next,
      });
"""

FILES = {
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"]}}}',
    "src/libs/axios.ts": CLIENT,
    "src/services/user.ts": SERVICES,
    "src/hooks/resume.ts": HOOKS,
}


def test_query_and_mutation_functions_are_each_one_call_where_written():
    a = build_index(FILES).analysis()
    got = sorted((c.method, c.path, c.client, c.file.rsplit("/", 1)[-1], c.span.line + 1) for c in a.calls)
    assert got == [
        ("DELETE", "/api/resume/{}", "axios", "resume.ts", 20),
        ("GET", "/api/feed", "axios", "resume.ts", 28),
        ("GET", "/api/resume", "axios", "resume.ts", 9),
        ("GET", "/api/resume/{}/statistics", "axios", "resume.ts", 23),  # the wrapper's call site
        ("GET", "/api/user/me", "axios", "user.ts", 5),
        ("PATCH", "/api/resume/{}", "axios", "user.ts", 10),
    ]
    assert not [f for f in a.findings if f.code == "unresolved-call"]


def test_each_query_links_once_and_keeps_its_route_used():
    files = dict(FILES)
    files["server/src/resume.controller.ts"] = """
        import { Controller, Delete, Get, Param, Patch } from '@nestjs/common';
        @Controller('resume')
        export class ResumeController {
          @Get() findAll() {}
          @Get(':id/statistics') stats(@Param('id') id: string) {}
          @Patch(':id') update(@Param('id') id: string) {}
          @Delete(':id') remove(@Param('id') id: string) {}
        }
    """
    files["server/src/main.ts"] = """
        import { NestFactory } from '@nestjs/core';
        import { AppModule } from './app.module';
        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          app.setGlobalPrefix('api');
          await app.listen(3000);
        }
        bootstrap();
    """
    files["server/src/app.module.ts"] = """
        import { Module } from '@nestjs/common';
        import { ResumeController } from './resume.controller';
        @Module({ controllers: [ResumeController] })
        export class AppModule {}
    """
    a = build_index(files).analysis()
    per_route: dict[str, int] = {}
    for c, m in zip(a.calls, a.matches):
        for i in m.routes:
            key = f"{a.routes[i].method} {a.routes[i].path}"
            per_route[key] = per_route.get(key, 0) + 1
    assert per_route == {"GET /api/resume": 1, "GET /api/resume/{id}/statistics": 1,
                         "PATCH /api/resume/{id}": 1, "DELETE /api/resume/{id}": 1}
    assert not [f for f in a.findings if f.code == "unused-route"]
