IF SCHEMA_ID(N'control') IS NULL EXEC(N'CREATE SCHEMA [control];');
GO


CREATE TABLE [control].[changes] (
    [Seq] bigint NOT NULL IDENTITY,
    [Kind] nvarchar(20) NOT NULL,
    [Key] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [At] datetimeoffset NOT NULL DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_changes] PRIMARY KEY ([Seq])
);
GO


CREATE TABLE [control].[workspaces] (
    [Id] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Name] nvarchar(200) NOT NULL,
    [SchemaName] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Status] nvarchar(20) NOT NULL,
    [Server] nvarchar(63) NOT NULL DEFAULT N'default',
    [MovingTo] nvarchar(63) NULL,
    [CreatedAt] datetimeoffset NOT NULL,
    [SchemaMigration] nvarchar(150) NULL,
    CONSTRAINT [PK_workspaces] PRIMARY KEY ([Id])
);
GO


CREATE TABLE [control].[tokens] (
    [Id] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [WorkspaceId] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Name] nvarchar(200) NOT NULL,
    [Scopes] nvarchar(200) NOT NULL,
    [CreatedAt] datetimeoffset NOT NULL,
    [ExpiresAt] datetimeoffset NULL,
    [RevokedAt] datetimeoffset NULL,
    CONSTRAINT [PK_tokens] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_tokens_workspaces_WorkspaceId] FOREIGN KEY ([WorkspaceId]) REFERENCES [control].[workspaces] ([Id]) ON DELETE CASCADE
);
GO


CREATE INDEX [IX_changes_At] ON [control].[changes] ([At]);
GO


CREATE INDEX [IX_tokens_WorkspaceId] ON [control].[tokens] ([WorkspaceId]);
GO


CREATE UNIQUE INDEX [IX_workspaces_SchemaName] ON [control].[workspaces] ([SchemaName]);
GO


CREATE INDEX [IX_workspaces_Server] ON [control].[workspaces] ([Server]);
GO


