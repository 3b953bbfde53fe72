export interface Book {
  id: number;
  title: string;
  authorId: number;
  available: boolean;
}

export class CreateBookDto {
  title!: string;
  authorId!: number;
}

export class UpdateBookDto {
  title?: string;
  available?: boolean;
}
