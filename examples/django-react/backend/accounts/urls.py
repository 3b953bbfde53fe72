from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login_view),
    path("logout/", views.logout_view),
    path("me/", views.me),
    # Deliberate mistake: GET me/ is declared twice; Django always runs the first one.
    path("me/", views.profile),
]
