IF SCHEMA_ID(N'__Workspace__') IS NULL EXEC(N'CREATE SCHEMA [__Workspace__];');
GO


CREATE TABLE [__Workspace__].[companies] (
    [Seq] bigint NOT NULL IDENTITY,
    [Id] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ExternalId] nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Traits] nvarchar(max) NOT NULL,
    [CreatedAt] datetimeoffset NOT NULL,
    [UpdatedAt] datetimeoffset NOT NULL,
    [Version] int NOT NULL,
    CONSTRAINT [PK_companies] PRIMARY KEY ([Seq]),
    CONSTRAINT [CK_companies_Traits_IsObject] CHECK (ISJSON([Traits], OBJECT) = 1)
);
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


CREATE TABLE [__Workspace__].[memberships] (
    [Seq] bigint NOT NULL IDENTITY,
    [CompanySeq] bigint NOT NULL,
    [PersonSeq] bigint NOT NULL,
    [Attributes] nvarchar(max) NOT NULL,
    [CreatedAt] datetimeoffset NOT NULL,
    [UpdatedAt] datetimeoffset NOT NULL,
    [Version] int NOT NULL,
    CONSTRAINT [PK_memberships] PRIMARY KEY ([Seq]),
    CONSTRAINT [CK_memberships_Attributes_IsObject] CHECK (ISJSON([Attributes], OBJECT) = 1),
    CONSTRAINT [FK_memberships_companies_CompanySeq] FOREIGN KEY ([CompanySeq]) REFERENCES [__Workspace__].[companies] ([Seq]) ON DELETE CASCADE,
    CONSTRAINT [FK_memberships_people_PersonSeq] FOREIGN KEY ([PersonSeq]) REFERENCES [__Workspace__].[people] ([Seq]) ON DELETE CASCADE
);
GO


CREATE UNIQUE INDEX [IX_companies_ExternalId] ON [__Workspace__].[companies] ([ExternalId]);
GO


CREATE UNIQUE INDEX [IX_companies_Id] ON [__Workspace__].[companies] ([Id]);
GO


CREATE UNIQUE INDEX [IX_memberships_CompanySeq_PersonSeq] ON [__Workspace__].[memberships] ([CompanySeq], [PersonSeq]);
GO


CREATE INDEX [IX_memberships_CompanySeq_Seq] ON [__Workspace__].[memberships] ([CompanySeq], [Seq]);
GO


CREATE INDEX [IX_memberships_PersonSeq_Seq] ON [__Workspace__].[memberships] ([PersonSeq], [Seq]);
GO


CREATE UNIQUE INDEX [IX_people_Email] ON [__Workspace__].[people] ([Email]) WHERE [Email] IS NOT NULL;
GO


CREATE UNIQUE INDEX [IX_people_Id] ON [__Workspace__].[people] ([Id]);
GO


CREATE UNIQUE INDEX [IX_people_UserId] ON [__Workspace__].[people] ([UserId]) WHERE [UserId] IS NOT NULL;
GO


