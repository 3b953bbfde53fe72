from django.http import HttpResponse


def export_csv(request):
    return HttpResponse("id,title\n", content_type="text/csv")
