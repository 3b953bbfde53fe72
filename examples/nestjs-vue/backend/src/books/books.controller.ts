import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query, Version } from '@nestjs/common';
import { CreateBookDto, UpdateBookDto } from './book.entity';
import { BooksService } from './books.service';

@Controller('books')
export class BooksController {
  constructor(private readonly booksService: BooksService) {}

  @Get()
  findAll() {
    return this.booksService.findAll();
  }

  // v2 of the search returns ranked results; served at /api/v2/books/search
  @Version('2')
  @Get('search')
  search(@Query('q') q: string) {
    return this.booksService.search(q);
  }

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number) {
    return this.booksService.findOne(id);
  }

  @Post()
  create(@Body() dto: CreateBookDto) {
    return this.booksService.create(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateBookDto) {
    return this.booksService.update(id, dto);
  }
}
