IF OBJECT_ID(N'[__Workspace__].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'__Workspace__') IS NULL EXEC(N'CREATE SCHEMA [__Workspace__];');
    CREATE TABLE [__Workspace__].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    IF SCHEMA_ID(N'__Workspace__') IS NULL EXEC(N'CREATE SCHEMA [__Workspace__];');
END;

IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    CREATE TABLE [__Workspace__].[people] (
        [Seq] bigint NOT NULL IDENTITY,
        [Id] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [UserId] nvarchar(255) COLLATE Latin1_General_100_BIN2 NULL,
        [Email] nvarchar(254) COLLATE Latin1_General_100_BIN2 NULL,
        [Traits] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [LastSeenAt] datetimeoffset NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_people] PRIMARY KEY ([Seq]),
        CONSTRAINT [CK_people_Traits_IsObject] CHECK (ISJSON([Traits], OBJECT) = 1)
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_people_Email] ON [__Workspace__].[people] ([Email]) WHERE [Email] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    CREATE UNIQUE INDEX [IX_people_Id] ON [__Workspace__].[people] ([Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_people_UserId] ON [__Workspace__].[people] ([UserId]) WHERE [UserId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__Workspace__].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203114339_InitialPeople'
)
BEGIN
    INSERT INTO [__Workspace__].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203114339_InitialPeople', N'10.0.14');
END;

COMMIT;
GO

