from django.http import JsonResponse
from django.views.decorators.http import require_http_methods
from rest_framework import viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Article, Comment, Tag
from .serializers import ArticleSerializer, TagSerializer


class ArticleViewSet(viewsets.ModelViewSet):
    """list/create on /api/articles/, retrieve/update/partial_update/destroy on
    /api/articles/{slug}/, plus the actions below."""

    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    lookup_field = "slug"

    def perform_create(self, serializer):
        serializer.save()

    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        article = self.get_object()
        article.published = True
        article.save()
        return Response({"published": True})

    @action(detail=False, url_path="drafts")
    def drafts(self, request):
        return Response(ArticleSerializer(Article.objects.filter(published=False), many=True).data)


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer


@api_view(["GET"])
def stats(request):
    return Response({"articles": Article.objects.count()})


@require_http_methods(["GET", "POST"])
def comments(request, slug):
    if request.method == "POST":
        Comment.objects.create(article=Article.objects.get(slug=slug), body=request.POST["body"])
    return JsonResponse({"comments": list(Comment.objects.filter(article__slug=slug).values())})


class FeedView(APIView):
    def get(self, request, page):
        return Response({"page": page, "results": []})


def search(request, term):
    return JsonResponse({"term": term, "results": []})


def recent_searches(request):
    return JsonResponse({"recent": []})
