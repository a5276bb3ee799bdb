IF OBJECT_ID(N'[control].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'control') IS NULL EXEC(N'CREATE SCHEMA [control];');
    CREATE TABLE [control].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    IF SCHEMA_ID(N'control') IS NULL EXEC(N'CREATE SCHEMA [control];');
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    CREATE TABLE [control].[changes] (
        [Seq] bigint NOT NULL IDENTITY,
        [Kind] nvarchar(20) NOT NULL,
        [Key] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [At] datetimeoffset NOT NULL DEFAULT (SYSUTCDATETIME()),
        CONSTRAINT [PK_changes] PRIMARY KEY ([Seq])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    CREATE TABLE [control].[workspaces] (
        [Id] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [SchemaName] nvarchar(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SchemaMigration] nvarchar(150) NULL,
        CONSTRAINT [PK_workspaces] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
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
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    CREATE INDEX [IX_changes_At] ON [control].[changes] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    CREATE INDEX [IX_tokens_WorkspaceId] ON [control].[tokens] ([WorkspaceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    CREATE UNIQUE INDEX [IX_workspaces_SchemaName] ON [control].[workspaces] ([SchemaName]);
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114337_InitialControlPlane'
)
BEGIN
    INSERT INTO [control].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203114337_InitialControlPlane', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203143711_WorkspaceServers'
)
BEGIN
    ALTER TABLE [control].[workspaces] ADD [MovingTo] nvarchar(63) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203143711_WorkspaceServers'
)
BEGIN
    ALTER TABLE [control].[workspaces] ADD [Server] nvarchar(63) NOT NULL DEFAULT N'default';
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203143711_WorkspaceServers'
)
BEGIN
    CREATE INDEX [IX_workspaces_Server] ON [control].[workspaces] ([Server]);
END;

IF NOT EXISTS (
    SELECT * FROM [control].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203143711_WorkspaceServers'
)
BEGIN
    INSERT INTO [control].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203143711_WorkspaceServers', N'10.0.14');
END;

COMMIT;
GO

