import { Controller, Get, Post } from '@nestjs/common';
import { BooksService } from '../books/books.service';

// Written for the staff dashboard, but no module lists it in `controllers`:
// Nest never registers its routes.
@Controller('admin')
export class AdminController {
  constructor(private readonly books: BooksService) {}

  @Get('stats')
  stats() {
    const all = this.books.findAll();
    return { books: all.length, onLoan: all.filter((b) => !b.available).length };
  }

  @Post('reindex')
  reindex() {
    return { ok: true };
  }
}
