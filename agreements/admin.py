from django.contrib import admin

from agreements.models import (
    Agreement,
    AnnualPlan,
    CooperationType,
    Evaluation,
    LogMessage,
    Meeting,
    Party,
)


@admin.register(CooperationType)
class CooperationTypeAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "name_en", "slug", "order"]
    prepopulated_fields = {"slug": ["name_nb"]}


class PartyInline(admin.TabularInline):
    model = Party
    autocomplete_fields = ["organisation"]
    extra = 1


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "valid_from", "valid_to", "county"]
    list_filter = ["status", "county", "cooperation_types"]
    search_fields = ["title", "search_text"]
    date_hierarchy = "valid_from"
    inlines = [PartyInline]
    filter_horizontal = ["cooperation_types", "programme_areas", "trades"]
    raw_id_fields = ["renews", "framework", "responsible_staff"]
    autocomplete_fields = ["responsible_organisation"]
    # The status changes only through the workflow (agreements/workflow.py), on the staff pages.
    readonly_fields = [
        "status",
        "county",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "version",
    ]

    def save_model(self, request, obj, form, change):
        """An admin edit is one change, like one on the staff pages: one new version and one
        history entry. The entry is written in save_related, once the parties and the other
        relations are saved, so that its snapshot and the owning county follow them."""
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj.save_without_history()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.save_after_relations()


@admin.register(LogMessage)
class LogMessageAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "author", "author_school", "created_at", "deleted_at"]
    list_filter = ["kind"]
    search_fields = ["body", "organisation__name"]
    raw_id_fields = ["organisation", "agreement", "author", "author_school"]


class FollowUpAdmin(admin.ModelAdmin):
    """An agreement's annual plans, meetings and evaluations; the staff pages record them."""

    list_filter = ["is_public"]
    search_fields = ["agreement__title"]
    raw_id_fields = ["agreement"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(FollowUpAdmin):
    list_display = ["agreement", "school_year", "is_public", "updated_at"]
    readonly_fields = [*FollowUpAdmin.readonly_fields, "document_name"]


@admin.register(Meeting)
class MeetingAdmin(FollowUpAdmin):
    list_display = ["agreement", "date", "kind", "is_public"]
    list_filter = ["kind", "is_public"]
    date_hierarchy = "date"
    readonly_fields = [*FollowUpAdmin.readonly_fields, "minutes_document_name"]


@admin.register(Evaluation)
class EvaluationAdmin(FollowUpAdmin):
    list_display = ["agreement", "date", "is_public"]
    date_hierarchy = "date"
