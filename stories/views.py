from django.shortcuts import render


def story_list(request):
    return render(request, "stories/story_list.html", {"stories": []})
