IF SCHEMA_ID(N'__Workspace__') IS NULL EXEC(N'CREATE SCHEMA [__Workspace__];');
GO


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
GO


CREATE UNIQUE INDEX [IX_people_Email] ON [__Workspace__].[people] ([Email]) WHERE [Email] IS NOT NULL;
GO


CREATE UNIQUE INDEX [IX_people_Id] ON [__Workspace__].[people] ([Id]);
GO


CREATE UNIQUE INDEX [IX_people_UserId] ON [__Workspace__].[people] ([UserId]) WHERE [UserId] IS NOT NULL;
GO


