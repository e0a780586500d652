from django.shortcuts import render


def specialist_list(request):
    return render(request, "reviews/specialist_list.html", {"specialists": []})
