"""Deliberate mistake: config/urls.py never includes this URLconf (unmounted)."""

from django.urls import path

from .views import export_csv

urlpatterns = [
    path("legacy/export/", export_csv),
]
