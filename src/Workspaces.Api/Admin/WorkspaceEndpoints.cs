using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Paging;
using Workspaces.Api.Tenancy;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

[Description("What to change; members not given stay as they are.")]
public sealed record UpdateWorkspaceRequest(
    [property: Description("A new display name: 1-200 characters after trimming, no control characters.")]
    [property: MinLength(1), MaxLength(WorkspaceAdmin.MaxNameLength)]
    string? Name = null,
    [property: Description("suspended refuses the workspace's tokens (403) until it is active again.")]
    [property: AllowedValues("active", "suspended", null)]
    string? Status = null);

// List, get, rename, suspend/activate and delete workspaces.
internal static class WorkspaceEndpoints
{
    private const string CursorScope = "workspaces";

    public static async Task<Results<Ok<Page<WorkspaceResponse>>, ProblemHttpResult>> ListAsync(
        ControlPlaneDbContext control, Cursors cursors, CancellationToken cancellationToken, int? limit = null, string? cursor = null)
    {
        var errors = Cursors.ValidateLimit(limit);
        var query = control.Workspaces.AsNoTracking().Where(w => w.Status != WorkspaceStatus.Provisioning);
        if (cursor is not null)
        {
            // Position: created-at ticks and id, the list's order.
            var position = cursors.Decode(CursorScope, cursor)?.Split('|', 2);
            if (position is [var ticksText, var afterId] && long.TryParse(ticksText, CultureInfo.InvariantCulture, out var ticks))
            {
                var after = new DateTimeOffset(ticks, TimeSpan.Zero);
                query = query.Where(w => w.CreatedAt > after || (w.CreatedAt == after && string.Compare(w.Id, afterId) > 0));
            }
            else
            {
                errors["cursor"] = ["The cursor is not valid for this list."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var take = limit ?? Cursors.DefaultLimit;
        var page = await query.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take
            ? cursors.Encode(CursorScope, $"{page[take - 1].CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{page[take - 1].Id}")
            : null;
        return TypedResults.Ok(new Page<WorkspaceResponse>([.. page.Take(take).Select(WorkspaceResponse.From)], next));
    }

    public static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetAsync(
        string id, ControlPlaneDbContext control, CancellationToken cancellationToken) =>
        await Find(control, id).AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } workspace
            ? TypedResults.Ok(WorkspaceResponse.From(workspace))
            : Problems.NotFound("Workspace");

    public static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateWorkspaceRequest request, WorkspaceAdmin admin, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var result = await admin.UpdateWorkspaceAsync(id, request.Name, request.Status, cancellationToken);
        if (result is not { Outcome: AdminOutcome.Done, Value: { } workspace })
        {
            return Problems.Admin(result, "Workspace");
        }

        store.Forget(id);
        return TypedResults.Ok(WorkspaceResponse.From(workspace));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, WorkspaceAdmin admin, WorkspaceStore store, TokenRevocations revocations, CancellationToken cancellationToken)
    {
        var result = await admin.DeleteWorkspaceAsync(id, cancellationToken);
        if (result is not { Outcome: AdminOutcome.Done, Value: { } tokenIds })
        {
            return Problems.Admin(result, "Workspace");
        }

        store.Forget(id);
        foreach (var tokenId in tokenIds)
        {
            revocations.Forget(tokenId);
        }

        return TypedResults.NoContent();
    }

    private static IQueryable<Workspace> Find(ControlPlaneDbContext control, string id) =>
        control.Workspaces.Where(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning);
}
