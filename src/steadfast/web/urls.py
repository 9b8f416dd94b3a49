from django.urls import path

from steadfast.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("login/", views.SteadfastLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
]
