from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from registry.models import CountyCoordinator, StaffMembership, User


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    autocomplete_fields = ["organisation"]
    extra = 0


class CountyCoordinatorInline(admin.TabularInline):
    model = CountyCoordinator
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffMembershipInline, CountyCoordinatorInline]


@admin.register(CountyCoordinator)
class CountyCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "county", "created_at"]
    list_filter = ["county"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["user__username", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["user", "organisation"]
