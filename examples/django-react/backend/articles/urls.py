from django.urls import path, re_path

from . import views

urlpatterns = [
    path("stats/", views.stats),
    path("articles/<slug:slug>/comments/", views.comments),
    re_path(r"^feed/(?P<page>\d+)/$", views.FeedView.as_view()),
    path("search/<str:term>/", views.search),
    # Deliberate mistake: "search/<str:term>/" above already matches search/recent/.
    path("search/recent/", views.recent_searches),
]
