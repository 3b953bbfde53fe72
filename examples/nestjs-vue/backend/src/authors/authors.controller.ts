import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe } from '@nestjs/common';

interface Author {
  id: number;
  name: string;
}

@Controller('authors')
export class AuthorsController {
  private authors: Author[] = [{ id: 1, name: 'Ursula K. Le Guin' }];

  @Get()
  findAll(): Author[] {
    return this.authors;
  }

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number): Author | undefined {
    return this.authors.find((a) => a.id === id);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): void {
    this.authors = this.authors.filter((a) => a.id !== id);
  }
}
