import { Injectable, NotFoundException } from '@nestjs/common';
import { Book, CreateBookDto, UpdateBookDto } from './book.entity';

@Injectable()
export class BooksService {
  private books: Book[] = [];

  findAll(): Book[] {
    return this.books;
  }

  findOne(id: number): Book {
    const book = this.books.find((b) => b.id === id);
    if (!book) throw new NotFoundException(`Book ${id} not found`);
    return book;
  }

  search(q: string): Book[] {
    return this.books.filter((b) => b.title.toLowerCase().includes(q.toLowerCase()));
  }

  create(dto: CreateBookDto): Book {
    const book = { id: this.books.length + 1, available: true, ...dto };
    this.books.push(book);
    return book;
  }

  update(id: number, dto: UpdateBookDto): Book {
    return Object.assign(this.findOne(id), dto);
  }
}
